plot 'latency_cdf.dat' index 0 using 1:2 with steps lw 2 title 'normal', \
     'latency_cdf.dat' index 1 using 1:2 with steps lw 2 title 'fast', \
     'latency_cdf.dat' index 2 using 1:2 with steps lw 2 title 'fast-normal', \
     'latency_cdf.dat' index 3 using 1:2 with steps lw 2 title 'normal-once', \
     'latency_cdf.dat' index 4 using 1:2 with steps lw 2 title 'fast-linear'
