set label 1 'no data at any point' at graph 0.5, graph 0.5 center
plot [0:1] [0:1] NaN notitle
unset label 1
