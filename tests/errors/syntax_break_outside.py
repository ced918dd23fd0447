# syntax error: break outside loop
break
