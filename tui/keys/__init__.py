"""Key helpers shared by the help screen and the command palette: which bindings are ours."""
