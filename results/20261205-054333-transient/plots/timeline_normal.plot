plot 'timeline_normal.dat' index 0 using 1:2:3:(0) with vectors nohead lw 3 lc rgb '#2ca02c' title 'ok', \
     'timeline_normal.dat' index 1 using ($1+$3/2):2 with points pt 7 ps 1 lc rgb '#d62728' title 'pinned'
