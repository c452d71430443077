# gnuplot script written by cmabulk-bench report; run from this folder.
set terminal svg size 820,480 dynamic noenhanced font 'sans,11' background '#ffffff'
set grid
set key outside right

set output 'latency_cdf.svg'
set title 'Latency of one request, per strategy (CDF over trials)'
set xlabel 'latency (ms, log scale)'
set ylabel 'fraction of trials'
set logscale x
set yrange [0:1.05]
load 'latency_cdf.plot'
unset logscale x

set output 'tradeoff.svg'
set title 'Success against latency, per trial'
set xlabel 'latency (ms, log scale)'
set ylabel 'chunks allocated / requested'
set logscale x
set autoscale y
load 'tradeoff.plot'
unset logscale x

set output 'success.svg'
set title 'Chunks allocated / requested (mean and worst trial)'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set yrange [0:1.1]
set xlabel ''
set ylabel 'success ratio'
set xtics rotate by -30
plot 'success.dat' using 2:xtic(1) title 'mean', '' using 3 title 'worst'

set output 'skips.svg'
set title 'Pageblocks skipped per request, by reason (mean)'
set style histogram rowstacked
set autoscale y
set ylabel 'pageblocks'
plot for [c=2:*] 'skips.dat' using c:xtic(1) title columnheader(c)

set output 'phases.svg'
set title 'alloc_contig_range() phases, mean ms per request'
set ylabel 'ms'
plot for [c=2:*] 'phases.dat' using c:xtic(1) title columnheader(c)

set output 'timeline_normal.svg'
set title 'normal, median trial: each window tried, over time (150 windows)'
unset logscale
set autoscale
set xtics norotate
set xlabel 'ms since the request'
set ylabel 'MiB into the area (from the lowest window)'
load 'timeline_normal.plot'

set output 'timeline_fast.svg'
set title 'fast, median trial: each window tried, over time (150 windows)'
unset logscale
set autoscale
set xtics norotate
set xlabel 'ms since the request'
set ylabel 'MiB into the area (from the lowest window)'
load 'timeline_fast.plot'

set output 'timeline_fast-normal.svg'
set title 'fast-normal, median trial: each window tried, over time (150 windows)'
unset logscale
set autoscale
set xtics norotate
set xlabel 'ms since the request'
set ylabel 'MiB into the area (from the lowest window)'
load 'timeline_fast-normal.plot'

set output 'timeline_normal-once.svg'
set title 'normal-once, median trial: each window tried, over time (150 windows)'
unset logscale
set autoscale
set xtics norotate
set xlabel 'ms since the request'
set ylabel 'MiB into the area (from the lowest window)'
load 'timeline_normal-once.plot'

set output 'timeline_fast-linear.svg'
set title 'fast-linear, median trial: each window tried, over time (150 windows)'
unset logscale
set autoscale
set xtics norotate
set xlabel 'ms since the request'
set ylabel 'MiB into the area (from the lowest window)'
load 'timeline_fast-linear.plot'
