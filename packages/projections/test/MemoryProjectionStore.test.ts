import * as MemoryProjectionStore from "../src/MemoryProjectionStore.ts"
import * as ProjectionStoreConformance from "../src/ProjectionStoreConformance.ts"

ProjectionStoreConformance.suite("memory", MemoryProjectionStore.layer)
