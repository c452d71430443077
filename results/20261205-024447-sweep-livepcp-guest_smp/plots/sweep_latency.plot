plot 'sweep_latency.dat' index 0 using 1:3:4:5:xtic(2) with yerrorlines lw 2 title 'normal', \
     'sweep_latency.dat' index 1 using 1:3:4:5:xtic(2) with yerrorlines lw 2 title 'fast', \
     'sweep_latency.dat' index 2 using 1:3:4:5:xtic(2) with yerrorlines lw 2 title 'fast-normal', \
     'sweep_latency.dat' index 3 using 1:3:4:5:xtic(2) with yerrorlines lw 2 title 'fast-linear'
