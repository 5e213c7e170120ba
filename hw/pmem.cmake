# Persistent memory through libpmem2 and memmap placement (hw/, pmem part).
target_sources(pgmap_hw PRIVATE
  pmem_spec.cpp mounts.cpp memory_node.cpp pmem_map.cpp memmap_place.cpp pmem_node.cpp)

pgmap_test(pmem_spec_test pmem_spec_test.cpp LIBS pgmap_hw)
pgmap_test(mounts_test mounts_test.cpp LIBS pgmap_hw)
pgmap_test(pmem_map_test pmem_map_test.cpp LIBS pgmap_hw)
pgmap_test(memmap_place_test memmap_place_test.cpp LIBS pgmap_hw)
pgmap_test(pmem_node_test pmem_node_test.cpp LIBS pgmap_hw)
pgmap_test(pmem_dax_test pmem_dax_test.cpp LIBS pgmap_hw)
