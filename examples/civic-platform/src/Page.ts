/**
 * The household register page (户籍登记): plain HTML and a little vanilla JavaScript, no
 * bundler. Its form is generated in the browser from the JSON Schema of
 * `command.RegisterHousehold` (`GET /schema`): one field per property of the command (the
 * envelope — `_tag`, `actor`, ids — left out), captioned with the property's `title` from the
 * schema (Chinese and English, `户主姓名 / Head of household's name`) above its name (the key
 * the command carries, which an `InvalidCommand`'s problems name), a select for an enum and a
 * multiple select for an array of enums, required fields marked. It posts the command to `/commands`, shows each
 * field's problem from an `InvalidCommand`, lists the households of the reader's register
 * (`GET /households`), and follows `GET /events` (`EventSource`): each household event the
 * reader may read redraws the register and the ledger's household count, without a reload.
 *
 * The page acts as `?as=person:role@organization` (default: 河西社区's chair). That stands in
 * for the platform's sign-in; a real platform sets the actor from its session.
 *
 * @since 0.1.0
 */

/** The page's script, run in the browser. */
const script = String.raw`
const as = new URLSearchParams(location.search).get("as") || "sun-yan:chair@hexi"
const organization = as.split("@")[1] || ""
const headers = { "content-type": "application/json", "x-fulian-actor": as }
const envelope = new Set(["_tag", "actor", "commandId", "correlationId", "causationId"])
const form = document.getElementById("register")
const status = document.getElementById("status")
document.getElementById("actor").textContent = as
let position = 0
let feedEvents = 0

const fieldFor = (name, property, required) => {
  const row = document.createElement("div")
  row.className = "field"
  const caption = document.createElement("span")
  caption.className = "caption"
  caption.id = "caption-" + name
  caption.dataset.captionFor = name
  caption.textContent = property.title || name
  const label = document.createElement("label")
  label.id = "label-" + name
  label.htmlFor = "field-" + name
  label.textContent = name + (required ? " *" : "")
  const names = document.createElement("div")
  names.append(caption, label)
  let input
  const items = property.type === "array" ? property.items || {} : undefined
  if (property.enum || (items && items.enum)) {
    input = document.createElement("select")
    input.multiple = items !== undefined
    if (!input.multiple && !required) input.append(new Option("", ""))
    for (const value of property.enum || items.enum) input.append(new Option(value, value))
  } else {
    input = document.createElement("input")
    input.type = property.type === "integer" || property.type === "number" ? "number" : "text"
    if (property.maxLength) input.maxLength = property.maxLength
    if (name === "organizationId") input.value = organization
    if (property.anyOf || property.format === "date") input.placeholder = "2025-03-08"
  }
  input.id = "field-" + name
  input.name = name
  input.setAttribute("aria-labelledby", caption.id + " " + label.id)
  input.dataset.kind = items ? "array" : property.type || "string"
  if (property.description) input.title = property.description
  const error = document.createElement("span")
  error.className = "error"
  error.dataset.errorFor = name
  row.append(names, input, error)
  return row
}

const build = async () => {
  const schema = await (await fetch("/schema")).json()
  const command = schema.$defs["command.RegisterHousehold"]
  document.getElementById("legend").textContent = command.title
  const required = new Set(command.required || [])
  const fields = document.getElementById("fields")
  for (const [name, property] of Object.entries(command.properties)) {
    if (!envelope.has(name)) fields.append(fieldFor(name, property, required.has(name)))
  }
  form.dataset.ready = "true"
}

const valueOf = () => {
  const command = { _tag: "RegisterHousehold" }
  for (const input of form.querySelectorAll("input, select")) {
    if (input.dataset.kind === "array") command[input.name] = [...input.selectedOptions].map((o) => o.value)
    else if (input.value !== "") command[input.name] = input.dataset.kind === "string" ? input.value : Number(input.value)
    else if (input.closest(".field").querySelector("label").textContent.endsWith("*")) command[input.name] = ""
  }
  return command
}

form.addEventListener("submit", async (event) => {
  event.preventDefault()
  for (const span of form.querySelectorAll(".error")) span.textContent = ""
  status.textContent = ""
  const response = await fetch("/commands", { method: "POST", headers, body: JSON.stringify(valueOf()) })
  const body = await response.json()
  if (response.ok) {
    status.textContent = "已登记 / Registered: " + body.events.map((e) => e.stream).join(", ")
    form.reset()
    form.querySelector("[name=organizationId]").value = organization
    await refresh()
    return
  }
  status.textContent = body._tag + ": " + body.message
  for (const problem of body.problems || []) {
    const span = form.querySelector('[data-error-for="' + problem.path.split(".")[0] + '"]')
    if (span) span.textContent = problem.message
  }
})

const refresh = async () => {
  const response = await fetch("/households", { headers })
  const body = await response.json()
  if (!response.ok) return void (status.textContent = body._tag + ": " + body.message)
  document.getElementById("count").textContent = String(body.count)
  const list = document.getElementById("households")
  list.replaceChildren(...body.households.map((h) => {
    const item = document.createElement("li")
    item.dataset.householdId = h.householdId
    item.textContent = h.householdId + " — " + h.headName + " — " + h.address + (h.circumstances.length ? " (" + h.circumstances.join(", ") + ")" : "")
    return item
  }))
  position = Math.max(position, body.position)
}

const follow = () => {
  const feed = new EventSource("/events?as=" + encodeURIComponent(as) + "&after=" + position)
  const live = () => {
    feedEvents += 1
    document.body.dataset.feedEvents = String(feedEvents)
    void refresh()
  }
  for (const type of ["HouseholdRegistered", "HouseholdCircumstancesChanged"]) feed.addEventListener(type, live)
  feed.onopen = () => (document.body.dataset.feed = "open")
}

await build()
await refresh()
follow()
`

/** The page's HTML. */
export const html = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>户籍登记 / Household register</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }
  .field { display: grid; grid-template-columns: 16rem 1fr; gap: .25rem 1rem; margin: .5rem 0; align-items: start; }
  .caption { display: block; }
  .field label { display: block; font-family: ui-monospace, monospace; font-size: .8em; color: #555; }
  .error { grid-column: 2; color: #b00020; font-size: .9em; }
  #count { font-weight: bold; font-size: 1.4em; }
</style>
</head>
<body>
<h1>社区妇联 · 户籍登记 / Household register</h1>
<p>As <code id="actor"></code> (set by the platform after sign-in).</p>
<p>Registered households (household contact ledger): <span id="count">…</span></p>
<form id="register">
  <fieldset>
    <legend id="legend"></legend>
    <div id="fields"></div>
    <button type="submit">登记 / Register</button>
  </fieldset>
</form>
<p id="status" role="status"></p>
<h2>Households</h2>
<ul id="households"></ul>
<script type="module">${script}</script>
</body>
</html>
`
