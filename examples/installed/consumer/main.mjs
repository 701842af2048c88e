// A plain Node ESM program, no TypeScript runner: fulian's packages as installed from their
// tarballs. A street and a community with their committees, a household, the ledgers, a
// report sent up sealed and the records verified — on SQLite, in the file given, with the
// ledgers kept in the same file (their rows written by the projection store's own thread).
import * as Client from "@fulian/client/Client"
import * as SqliteEventStore from "@fulian/store-sqlite/SqliteEventStore"
import * as SqliteKeyStore from "@fulian/store-sqlite/SqliteKeyStore"
import * as SqliteProjectionStore from "@fulian/store-sqlite/SqliteProjectionStore"

const filename = process.argv[2] ?? "consumer.db"
const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date())
const cadre = { person: "zhou", role: "upper-cadre", organization: "s1" }
const fulian = Client.make({ store: SqliteEventStore.layer({ filename }), keys: SqliteKeyStore.layer(), projections: SqliteProjectionStore.layer })
const elect = (organizationId, personId, name, actor) =>
  fulian.execute({
    _tag: "ElectExecutiveCommittee", actor, termId: `${organizationId}-1`, organizationId, congressSession: "第一届妇女代表大会",
    electedOn: today, startsOn: today, residentsCommitteeElectedOn: today, members: [{ personId, name, position: "chair" }]
  })
try {
  await fulian.execute({ _tag: "RegisterOrganization", actor: cadre, organizationId: "s1", name: "北山街道妇联", level: "street" })
  await elect("s1", "zhou", "周红", cadre)
  await fulian.execute({ _tag: "RegisterOrganization", actor: cadre, organizationId: "c1", name: "青波社区妇联", level: "community", parentId: "s1" })
  await elect("c1", "chen", "陈静", cadre)
  const chen = { person: "chen", role: "chair", organization: "c1" }
  await fulian.execute({
    _tag: "RegisterHousehold", actor: chen, householdId: "c1-h1", organizationId: "c1",
    headName: "王芳", address: "青波巷3-201", circumstances: ["empty-nest-elderly"]
  })
  const reader = { actor: chen }
  const ledgers = await fulian.ledgers(reader)
  const report = await fulian.report(reader, { organizationId: "c1", kind: "monthly", period: today.slice(0, 7) })
  const { attestation } = await fulian.submitReport({ request: { organizationId: "c1", kind: "monthly", period: today.slice(0, 7) }, reportId: "c1-now", actor: chen })
  const verified = await fulian.verifyRecords({ actor: { person: "zhou", role: "chair", organization: "s1" } })
  console.log(JSON.stringify({
    ledgers: Object.keys(ledgers).length,
    households: JSON.stringify(ledgers).includes("c1-h1"),
    report: report.content !== undefined,
    sealed: attestation.checkpoint?.size === attestation.position,
    verified: verified.broken === undefined && verified.checkpoints.length === 1 && verified.checkpoints.every((c) => c.problem === undefined)
  }))
} finally {
  await fulian.dispose()
}
