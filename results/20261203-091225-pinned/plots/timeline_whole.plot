plot 'timeline_whole.dat' index 0 using ($1+$3/2):2 with points pt 7 ps 1 lc rgb '#d62728' title 'pinned'
