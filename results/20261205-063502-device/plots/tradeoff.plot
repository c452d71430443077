plot 'tradeoff.dat' index 0 using 1:2 with points pt 5 ps 1.2 title 'normal', \
     'tradeoff.dat' index 1 using 1:2 with points pt 6 ps 1.2 title 'fast', \
     'tradeoff.dat' index 2 using 1:2 with points pt 7 ps 1.2 title 'fast-normal', \
     'tradeoff.dat' index 3 using 1:2 with points pt 8 ps 1.2 title 'normal-once', \
     'tradeoff.dat' index 4 using 1:2 with points pt 9 ps 1.2 title 'fast-linear'
