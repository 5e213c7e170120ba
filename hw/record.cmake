# The machine record and the pgmap-hwinfo command (hw/, record part).
target_sources(pgmap_hw PRIVATE probe.cpp kernel_config.cpp machine_record.cpp)
# zlib reads /proc/config.gz (and plain config files alike).
target_link_libraries(pgmap_hw PRIVATE ZLIB::ZLIB)

# Build facts the record reports: compiler, flags and library versions as
# this configure saw them.
string(TOUPPER "${CMAKE_BUILD_TYPE}" _pgmap_build_upper)
get_directory_property(_pgmap_options COMPILE_OPTIONS)
list(JOIN _pgmap_options " " _pgmap_options)
string(STRIP "${CMAKE_CXX_FLAGS} ${CMAKE_CXX_FLAGS_${_pgmap_build_upper}} ${_pgmap_options}" _pgmap_flags)
set_source_files_properties(machine_record.cpp PROPERTIES COMPILE_DEFINITIONS
  "PGMAP_SOURCE_DIR=\"${PROJECT_SOURCE_DIR}\";PGMAP_COMPILER=\"${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER_VERSION}\";PGMAP_CXX_FLAGS=\"${_pgmap_flags}\";PGMAP_BUILD_TYPE=\"${CMAKE_BUILD_TYPE}\";PGMAP_BENCHMARK_VERSION=\"${benchmark_VERSION}\";PGMAP_PMEM2_VERSION=\"${PMEM2_VERSION}\";PGMAP_HWLOC_VERSION=\"${HWLOC_VERSION}\"")

add_executable(pgmap-hwinfo hwinfo_main.cpp)
target_link_libraries(pgmap-hwinfo PRIVATE pgmap_hw CLI11::CLI11)
set_target_properties(pgmap-hwinfo PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})

pgmap_test(probe_test probe_test.cpp LIBS pgmap_hw)
pgmap_test(kernel_config_test kernel_config_test.cpp LIBS pgmap_hw ZLIB::ZLIB)
pgmap_test(machine_record_test machine_record_test.cpp LIBS pgmap_hw)
pgmap_test(hwinfo_test hwinfo_test.cpp LIBS pgmap_hw)
add_dependencies(hwinfo_test pgmap-hwinfo)

# What disturbed a measured thread (run delay, involuntary switches, steal).
# How quiet the host is before a run, and who keeps it busy.
target_sources(pgmap_hw PRIVATE disturbance.cpp host_quiet.cpp)
pgmap_test(disturbance_test disturbance_test.cpp LIBS pgmap_hw)
pgmap_test(host_quiet_test host_quiet_test.cpp LIBS pgmap_hw)

# What the host offers the suite, for pgmap-suite --check.
target_sources(pgmap_hw PRIVATE readiness.cpp)
pgmap_test(readiness_test readiness_test.cpp LIBS pgmap_hw)

# Free memory, against which removal sizes are planned.
target_sources(pgmap_hw PRIVATE memory_available.cpp)
pgmap_test(memory_available_test memory_available_test.cpp LIBS pgmap_hw)
