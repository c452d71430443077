plot 'tradeoff.dat' index 0 using 1:2 with points pt 5 ps 1.2 title 'whole', \
     'tradeoff.dat' index 1 using 1:2 with points pt 6 ps 1.2 title 'chunks2m', \
     'tradeoff.dat' index 2 using 1:2 with points pt 7 ps 1.2 title 'chunks', \
     'tradeoff.dat' index 3 using 1:2 with points pt 8 ps 1.2 title 'normal', \
     'tradeoff.dat' index 4 using 1:2 with points pt 9 ps 1.2 title 'fast', \
     'tradeoff.dat' index 5 using 1:2 with points pt 10 ps 1.2 title 'fast-normal', \
     'tradeoff.dat' index 6 using 1:2 with points pt 11 ps 1.2 title 'fast-sync', \
     'tradeoff.dat' index 7 using 1:2 with points pt 12 ps 1.2 title 'normal-once'
