"""Turn a Plan's context into the Word appendix: docxtpl frame, then the action tables row by row."""
