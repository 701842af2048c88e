/**
 * The global flags of every `fulian` subcommand but the store's (`Store.ts`) and the progress
 * bar's (`Progress.ts`): `--time-zone`, `--as` and `--purpose`.
 *
 * They are read when the command line is parsed, so this module loads no more than effect's
 * CLI module needs: what they mean is applied by the subcommands, which load the domain.
 *
 * @since 0.1.0
 */
import { Flag, GlobalFlag } from "effect/cli"
import { defaultTimeZone } from "@fulian/core/Time"

/** `--time-zone`: the federation's calendar, an IANA name (default Asia/Shanghai). */
export const TimeZoneFlag = GlobalFlag.Setting("time-zone")({
  flag: Flag.String("time-zone").pipe(
    Flag.withDescription("The federation's time zone, an IANA name: its local days are the days of deadlines, ledgers and reports"),
    Flag.withMetavar("zone"),
    Flag.withDefault(defaultTimeZone)
  )
})

/** `--as`: who reads (DOMAIN.md §10: every read is made by someone the records back). */
export const ReaderFlag = GlobalFlag.Setting("as")({
  flag: Flag.String("as").pipe(
    Flag.withDescription("Who reads, as person:role@organization (e.g. huang-yulan:chair@qingshan): history, ledgers, report and verify show only what her role and organization entitle her to"),
    Flag.withMetavar("person:role@organization"),
    Flag.optional
  )
})

/** `--purpose`: why she reads; an auditor who gives one sees personal data, and it is logged with the read. */
export const PurposeFlag = GlobalFlag.Setting("purpose")({
  flag: Flag.String("purpose").pipe(
    Flag.withDescription("Why you read (recorded with reads of cases); an auditor who gives one sees personal data unmasked"),
    Flag.optional
  )
})
