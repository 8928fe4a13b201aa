"""Key proposals (重点提案): selection, their leaders (领办/督办) and supervision activities."""
