"""Ledgers (台账): a session's proposals as an Excel sheet, read in and written out.

Reading tolerates what real ledgers contain: title rows above the header, header variants
(提案号/编号/序号, 案由/题目 …), full-width characters, "第12号", stray spaces, blank rows,
units separated by 、，; or spaces, Excel or text dates, proposer cells such as "胡艳峰等委员".

Importing is all-or-nothing: every row is checked first and any problem refuses the whole file
(`LedgerError`, with the Excel row and column of each problem). A proposal is identified by its
session and number, so importing the same file again changes nothing. A filled cell is the truth
for what it states (the units cells list all units; an assignment to a unit no longer listed is
withdrawn, not deleted); an empty cell leaves what Tian already holds, so a ledger never erases
replies or verdicts by omission. The grade is that of the final accepted reply (as the figures
count it), the verdict the lead proposer's of the latest round.

A ledger never goes around the workflow. A session is *live* once any of its proposals has
been through Tian's workflow — an audit event of drafting, co-signing, submission, a
transition, assignment, contact, reply or feedback (`WORKFLOW_EVENT_PREFIXES`); otherwise it
is *historical*: all its proposals came from ledgers (or a data load), and a ledger may fill
and correct everything in it, verdicts and grades included — it is the record of the past.
In a live session every numbered proposal is live, and a ledger may only
- add a proposal: number, title, proposers, co-proposers and category, as 已立案 (filed); its
  units, dates, grade, verdict and key-proposal cells must be empty (assignment, replies and
  verdicts go through the workflow);
- fill the category of a proposal that has none.
Any other cell of a live proposal must state what Tian holds (then it is no change) or be
empty: a different title, proposer, co-proposer, unit, assignment date, grade, reply date,
verdict or key-proposal setting refuses the whole file with a row-numbered error. A live
proposal's status never changes by import; the verdict is the member's alone.

Every proposal an import creates or changes gets its own audit event with the before and
after of each changed field, the ledger row and the uploaded file's name; the session gets
one event with the counts.
"""
