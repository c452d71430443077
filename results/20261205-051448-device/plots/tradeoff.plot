plot 'tradeoff.dat' index 0 using 1:2 with points pt 5 ps 1.2 title 'normal', \
     'tradeoff.dat' index 1 using 1:2 with points pt 6 ps 1.2 title 'fast'
