plot 'latency_cdf.dat' index 0 using 1:2 with steps lw 2 title 'normal', \
     'latency_cdf.dat' index 1 using 1:2 with steps lw 2 title 'fast'
