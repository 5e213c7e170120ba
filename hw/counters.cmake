# Hardware counters through external tools run as sidecars: Intel PCM, perf
# stat as the fallback, `unavailable` where neither counts (hw/, counters part).
target_sources(pgmap_hw PRIVATE
  counters.cpp collector_factory.cpp counter_lock.cpp sidecar.cpp sidecar_collector.cpp text_file.cpp tool_message.cpp
  pcm_csv.cpp pcm_values.cpp pcm_collector.cpp perf_stat.cpp perf_collector.cpp)

pgmap_test(pcm_csv_test pcm_csv_test.cpp LIBS pgmap_hw)
pgmap_test(pcm_values_test pcm_values_test.cpp LIBS pgmap_hw)
pgmap_test(perf_stat_test perf_stat_test.cpp LIBS pgmap_hw)
pgmap_test(tool_message_test tool_message_test.cpp LIBS pgmap_hw)
pgmap_test(sidecar_test sidecar_test.cpp LIBS pgmap_hw)
pgmap_test(counters_test counters_test.cpp LIBS pgmap_hw)
