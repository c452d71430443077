# gnuplot script written by cmabulk-bench report; run from this folder.
set terminal svg size 820,480 dynamic noenhanced font 'sans,11' background '#ffffff'
set grid
set key outside right
set offsets 0.2, 0.2, 0, 0
set output 'sweep_latency.svg'
set title 'Median latency with its 95% interval, against the parameter'
set ylabel 'ms'
load 'sweep_latency.plot'
set output 'sweep_success.svg'
set title 'Success: allocated / satisfiable (mean)'
set ylabel 'ratio'
load 'sweep_success.plot'
set output 'sweep_floor.svg'
set title 'Latency / migration floor (median)'
set ylabel 'ratio'
load 'sweep_floor.plot'
