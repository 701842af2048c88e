import * as Conformance from "@fulian/testing/Conformance"
import * as MemoryEventStore from "@fulian/store/MemoryEventStore"

Conformance.suite("memory", MemoryEventStore.layer, { propertyRuns: 100 })
