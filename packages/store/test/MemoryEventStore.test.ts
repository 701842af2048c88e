import * as Conformance from "@fulian/store/Conformance"
import * as MemoryEventStore from "@fulian/store/MemoryEventStore"

Conformance.suite("memory", MemoryEventStore.layer, { propertyRuns: 100 })
