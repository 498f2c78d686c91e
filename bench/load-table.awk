# The table of bench/gateway.sh and bench/milter-load.sh from `Vigil.Bench load` result lines
# (`result LABEL sessions=N key=value...`): per label and session count the median over the
# rounds of each figure (the server's figures are LABEL_peak_mb and LABEL_cpu_ms_per_msg; the
# ceiling's server is clamd, postfix* labels' is postfix; "all CPU" is the sum of every watched
# process's CPU and the load tool's: the whole machine's work per message of that target). With
# -v goals=1 also the ratios of vigil (and vigil-b) to amavisd and to the ceiling; with -v extra=NAME two more columns, NAME's
# peak RSS and CPU per message (bench/milter-load.sh: vigil behind Postfix). The ceiling ratio is
# also given paired: vigil's msg/s over the ceiling's in the same round (they run minutes apart
# at most), the median and the spread of those, which on a shared box drifts less than the ratio
# of the two medians. `pair A/B sessions=N ... ratios=r1,r2,...` lines (`Vigil.Bench load --blocks`:
# A and B sent block by block in turns) give the same ratio per pair of blocks seconds apart; their
# median and spread over every block of every round are printed as "paired by block", the figure
# that drifts least of the three.
    function med(key,   n, i, j, t, a) { n = split(vals[key], a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
                                        return n ? a[int((n + 1) / 2)] : "-" }
    $1 == "pair" { split($3, s, "="); for (f = 4; f <= NF; f++) if ($f ~ /^ratios=/) { n = split(substr($f, 8), rr, ",")
                     for (j = 1; j <= n; j++) blockpairs[$2 " " s[2]] = blockpairs[$2 " " s[2]] " " rr[j] }
                   next }
    { label = $2; split($3, s, "="); ses = s[2]; key = label " " ses; if (!(key in seen)) { seen[key] = 1; order[++k] = key }
      all = 0
      for (f = 4; f <= NF; f++) { split($f, kv, "="); vals[key SUBSEP kv[1]] = vals[key SUBSEP kv[1]] " " kv[2]; if (kv[1] ~ /cpu_ms_per_msg$/) all += kv[2] }
      vals[key SUBSEP "all"] = vals[key SUBSEP "all"] " " all
      levels[ses] = 1 }
    END {
      printf "| target | sessions | msg/s | mean ms | p50 ms | p99 ms | server peak RSS MB | server CPU ms/msg | server sys ms/msg | clamd CPU ms/msg | client CPU ms/msg | all CPU ms/msg | not 2xx |%s\n|---|---|---|---|---|---|---|---|---|---|---|---|---|%s\n", (extra ? " " extra " peak RSS MB | " extra " CPU ms/msg |" : ""), (extra ? "---|---|" : "")
      for (i = 1; i <= k; i++) { key = order[i]; split(key, p, " "); srv = p[1] ~ /^ceiling/ ? "clamd" : p[1] ~ /^postfix/ ? "postfix" : p[1]
        notok = med(key SUBSEP "tempfail") + med(key SUBSEP "reject") + med(key SUBSEP "broken")
        printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d |%s\n", p[1], p[2], med(key SUBSEP "msgs_per_s"), med(key SUBSEP "mean_ms"), med(key SUBSEP "p50_ms"), med(key SUBSEP "p99_ms"),
          med(key SUBSEP srv "_peak_mb"), (p[1] ~ /^ceiling/ ? "-" : med(key SUBSEP srv "_cpu_ms_per_msg")), (p[1] ~ /^ceiling/ ? "-" : med(key SUBSEP srv "_sys_ms_per_msg")),
          med(key SUBSEP "clamd_cpu_ms_per_msg"), med(key SUBSEP "client_cpu_ms_per_msg"), med(key SUBSEP "all"), notok,
          (extra ? " " med(key SUBSEP extra "_peak_mb") " | " med(key SUBSEP extra "_cpu_ms_per_msg") " |" : "")
        rate[key] = med(key SUBSEP "msgs_per_s") }
      if (!goals) exit
      print ""
      for (ses in levels) for (t = 1; t <= 2; t++) for (u = 1; u <= 2; u++) {
        name = t == 1 ? "vigil" : "vigil-b"; ceil = u == 1 ? "ceiling" : "ceiling-session"
        if (!((name " " ses) in rate) || !((ceil " " ses) in rate)) continue
        v = rate[name " " ses]; a = rate["amavisd " ses]; c = rate[ceil " " ses]
        nv = split(vals[name " " ses SUBSEP "msgs_per_s"], vr, " "); nc = split(vals[ceil " " ses SUBSEP "msgs_per_s"], cr, " ")
        pairs = ""; lo = ""; hi = ""
        for (r = 1; r <= nv && r <= nc; r++) if (cr[r] > 0) { q = vr[r] / cr[r]; pairs = pairs " " q; if (lo == "" || q < lo) lo = q; if (hi == "" || q > hi) hi = q }
        vals["pair " name " " ceil " " ses] = pairs
        printf "sessions %s: %s/amavisd %s (goal >= 10), %s/%s %s (goal >= 0.90)%s%s\n", ses, name,
          (a > 0 ? sprintf("%.1f", v / a) : "-"), name, ceil, (c > 0 ? sprintf("%.2f", v / c) : "-"),
          (pairs != "" ? sprintf("; paired by round %.2f (%.2f-%.2f)", med("pair " name " " ceil " " ses), lo, hi) : ""),
          blocked(name "/" ceil " " ses) } }
    # " ; paired by block M (lo-hi, n blocks)" from the pair lines, or nothing
    function blocked(key,   n, i, a, lo, hi) { if (!(key in blockpairs)) return ""; vals["block " key] = blockpairs[key]; n = split(blockpairs[key], a, " ")
                                               for (i = 1; i <= n; i++) { if (lo == "" || a[i] + 0 < lo) lo = a[i] + 0; if (hi == "" || a[i] + 0 > hi) hi = a[i] + 0 }
                                               return sprintf("; paired by block %.2f (%.2f-%.2f, %d blocks)", med("block " key), lo, hi, n) }
