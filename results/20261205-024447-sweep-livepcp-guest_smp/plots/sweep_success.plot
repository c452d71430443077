plot 'sweep_success.dat' index 0 using 1:3:xtic(2) with linespoints lw 2 title 'normal', \
     'sweep_success.dat' index 1 using 1:3:xtic(2) with linespoints lw 2 title 'fast', \
     'sweep_success.dat' index 2 using 1:3:xtic(2) with linespoints lw 2 title 'fast-normal', \
     'sweep_success.dat' index 3 using 1:3:xtic(2) with linespoints lw 2 title 'fast-linear'
