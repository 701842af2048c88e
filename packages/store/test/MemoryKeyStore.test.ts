import * as KeyStoreConformance from "@fulian/testing/KeyStoreConformance"
import * as MemoryKeyStore from "@fulian/store/MemoryKeyStore"

KeyStoreConformance.suite("memory", MemoryKeyStore.layer, { propertyRuns: 100 })
