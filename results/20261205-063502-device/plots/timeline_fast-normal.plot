plot 'timeline_fast-normal.dat' index 0 using 1:2:3:(0) with vectors nohead lw 3 lc rgb '#2ca02c' title 'ok'
