import * as MemoryProjectionStore from "../src/MemoryProjectionStore.ts"
import * as ProjectionStoreConformance from "@fulian/testing/ProjectionStoreConformance"

ProjectionStoreConformance.suite("memory", MemoryProjectionStore.layer)
