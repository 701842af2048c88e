import * as KeyStoreConformance from "@fulian/store/KeyStoreConformance"
import * as MemoryKeyStore from "@fulian/store/MemoryKeyStore"

KeyStoreConformance.suite("memory", MemoryKeyStore.layer, { propertyRuns: 100 })
