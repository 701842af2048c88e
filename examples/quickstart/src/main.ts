/**
 * The quick start: register a street and a community, record the community's first committee
 * (fulian checks every role against the records), register a household, record a change
 * that happened days ago, and read the household's history back with both of its times —
 * through the Promise facade, as a civic platform would.
 */
import * as Client from "@fulian/client/Client"
import * as MemoryEventStore from "@fulian/store/MemoryEventStore"
import * as MemoryKeyStore from "@fulian/store/MemoryKeyStore"

/** Runs the quick start and returns the lines it prints. */
export const quickstart = async (): Promise<ReadonlyArray<string>> => {
  const fulian = Client.make({ store: MemoryEventStore.layer, keys: MemoryKeyStore.layer })
  const cadre = { person: "zhou", role: "upper-cadre", organization: "street-1" } as const
  const chair = { person: "chen", role: "chair", organization: "community-1" } as const
  // Dates relative to today, local days in the federation's calendar (Asia/Shanghai), so that
  // the committees are in office whenever this runs: elected a month ago.
  const daysAgo = (n: number) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() - n * 86_400_000))
  const elected = daysAgo(30)
  try {
    // The top organization and its first committee: the one path no record backs, taken once.
    await fulian.execute({ _tag: "RegisterOrganization", actor: cadre, occurredAt: daysAgo(40), organizationId: "street-1", name: "北山街道", level: "street" })
    await fulian.execute({
      _tag: "ElectExecutiveCommittee",
      actor: cadre,
      termId: "street-1-first",
      organizationId: "street-1",
      congressSession: "北山街道第一届妇女代表大会第一次会议",
      electedOn: elected,
      startsOn: elected,
      residentsCommitteeElectedOn: elected,
      members: [{ personId: "zhou", name: "周红", position: "chair" }]
    })
    await fulian.execute({
      _tag: "RegisterOrganization",
      actor: cadre,
      occurredAt: daysAgo(30),
      organizationId: "community-1",
      name: "青波社区",
      level: "community",
      parentId: "street-1"
    })
    // A community's first committee is recorded by a cadre of the organization above it (one
    // who sits on that organization's committee); from then on its chair, in office, acts for it.
    await fulian.execute({
      _tag: "ElectExecutiveCommittee",
      actor: cadre,
      termId: "community-1-first",
      organizationId: "community-1",
      congressSession: "青波社区第一届妇女代表大会第一次会议",
      electedOn: elected,
      startsOn: elected,
      residentsCommitteeElectedOn: elected,
      members: [{ personId: "chen", name: "陈静", position: "chair" }]
    })
    await fulian.execute({
      _tag: "RegisterHousehold",
      actor: chair,
      occurredAt: daysAgo(10),
      householdId: "household-7",
      organizationId: "community-1",
      headName: "王芳",
      address: "青波巷 3-201",
      circumstances: ["empty-nest-elderly"]
    })
    await fulian.execute({
      _tag: "ChangeHouseholdCircumstances",
      actor: chair,
      reason: "the daughter moved back home",
      // When it happened (a day, in the federation's calendar); left out, it is now.
      occurredAt: daysAgo(7),
      householdId: "household-7",
      circumstances: []
    })
    // A bad command from a form is refused with the field named, and nothing is written.
    const refused = await fulian.execute({ _tag: "RegisterHousehold", actor: chair, householdId: "household-8" }).catch((e) => e)
    // Every read is made by someone the records back, and shows what she may read: here the chair.
    const history = await fulian.readStream({ actor: chair }, "household-household-7")
    return [
      ...history.map((e) =>
        `${e.version} ${e.type} by ${e.metadata.actor.person} (${e.metadata.actor.role})${e.metadata.reason ? ` because ${e.metadata.reason}` : ""}` +
        `; happened ${e.metadata.occurredAt}, recorded ${e.metadata.recordedAt}`
      ),
      `refused: ${refused._tag}: ${refused.message}`
    ]
  } finally {
    await fulian.dispose()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await quickstart()) console.log(line)
}
