# Topology (hwloc) and thread placement (hw/, topology part).
target_sources(pgmap_hw PRIVATE topology.cpp placement.cpp)

pgmap_test(topology_test topology_test.cpp LIBS pgmap_hw)
pgmap_test(placement_test placement_test.cpp LIBS pgmap_hw)
