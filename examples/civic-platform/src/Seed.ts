/**
 * The records the example starts from: a street (南湖街道) with its committee, and two
 * communities below it (河西社区, 东升社区), each with a committee in office today — so that a
 * chair the page signs in as is backed by the records, and a reader of the other community
 * shows what authorization hides.
 *
 * @since 0.1.0
 */
import type * as Client from "@fulian/client/Client"

/** Today, a local day of the federation's calendar (Asia/Shanghai), as the committees' terms need. */
export const today = (): string => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date())

/** The street's cadre, who registers the organizations and records their first committees. */
export const cadre = { person: "wang-li", role: "upper-cadre", organization: "nanhu" } as const

/** 河西社区's chair: the person the page acts as by default. */
export const chair = { person: "sun-yan", role: "chair", organization: "hexi" } as const

/** 东升社区's chair: a reader of another organization. */
export const otherChair = { person: "zhao-min", role: "chair", organization: "dongsheng" } as const

/** The seed's commands, dated today (the committees must be in office on the day of the fact). */
export const commands = (day: string = today()): ReadonlyArray<Record<string, unknown>> => {
  const committee = (organizationId: string, session: string, personId: string, name: string) => ({
    _tag: "ElectExecutiveCommittee", actor: cadre, occurredAt: day, termId: `${organizationId}-first`, organizationId,
    congressSession: session, electedOn: day, startsOn: day, residentsCommitteeElectedOn: day,
    members: [{ personId, name, position: "chair" }]
  })
  return [
    { _tag: "RegisterOrganization", actor: cadre, occurredAt: day, organizationId: "nanhu", name: "南湖街道妇联", level: "street" },
    committee("nanhu", "南湖街道第一届妇女代表大会第一次会议", "wang-li", "王丽"),
    { _tag: "RegisterOrganization", actor: cadre, occurredAt: day, organizationId: "hexi", name: "河西社区妇联", level: "community", parentId: "nanhu" },
    committee("hexi", "河西社区第一届妇女代表大会第一次会议", "sun-yan", "孙燕"),
    { _tag: "RegisterOrganization", actor: cadre, occurredAt: day, organizationId: "dongsheng", name: "东升社区妇联", level: "community", parentId: "nanhu" },
    committee("dongsheng", "东升社区第一届妇女代表大会第一次会议", "zhao-min", "赵敏")
  ]
}

/**
 * Records the seed, once: a store that already holds the street (a file kept from an earlier
 * run) is left as it is.
 */
export const seed = async (client: Client.Client): Promise<void> => {
  const [first, ...rest] = commands()
  try {
    await client.execute(first)
  } catch (error) {
    if ((error as { _tag?: string })._tag === "OrganizationRejected") return
    throw error
  }
  for (const command of rest) await client.execute(command)
}
