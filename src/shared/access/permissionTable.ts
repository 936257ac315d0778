/**
 * The permission matrix of the seed (`002_c64acabdf04b9f1c.txt`, section "Permissions"): every row
 * of its five tables, every one of its six role columns, in the seed's order. `can()` answers from
 * this table only, so a change of policy is a change here, and the seed test re-reads the seed and
 * walks every cell against it.
 */

export type Section = 'machines' | 'locations' | 'organization' | 'fragments' | 'data'

/** The seed's column order: org owner, org operator, location owner/operator, machine owner/operator. */
export const COLUMNS = [
  'orgOwner',
  'orgOperator',
  'locationOwner',
  'locationOperator',
  'machineOwner',
  'machineOperator',
] as const
export type Column = (typeof COLUMNS)[number]

/**
 * The kinds of resource a question can be about. `platform` is outside any organization (creating
 * an organization); `dataset`/`data` may name the data item (its location and machine) concerned.
 */
export type ResourceKind =
  'platform' | 'organization' | 'location' | 'machine' | 'fragment' | 'package' | 'data' | 'dataset'

/**
 * - `yes`: granted wherever the grant reaches; for an organization-wide resource (organization,
 *   fragment, package, dataset as a whole) any grant inside that organization is enough.
 * - `scoped`: granted only for a location, machine or data item the grant itself reaches (the
 *   seed's "Yes*", "Yes**", "Yes for this and any child locations", "Only tags applied to data
 *   they have access to", ...). A location or machine grant never reaches a whole organization.
 * - `no`: never.
 */
export type CellKind = 'yes' | 'scoped' | 'no'

export interface Cell {
  kind: CellKind
  /** The seed's cell text, `**` removed and `\*` unescaped; '' where the seed has no cell. */
  text: string
}

export interface PermissionRow {
  action: Action
  section: Section
  /** The seed's row label with markup reduced to its text, so rows can be matched to the seed. */
  label: string
  /** The resource kinds the question may be about; any other kind is refused. */
  appliesTo: readonly ResourceKind[]
  cells: Readonly<Record<Column, Cell>>
}

type Cells = readonly [Cell, Cell, Cell, Cell, Cell, Cell]
interface RowSpec {
  section: Section
  label: string
  appliesTo: readonly ResourceKind[]
  cells: Cells
}

const Y: Cell = { kind: 'yes', text: 'Yes' }
const N: Cell = { kind: 'no', text: 'No' }
/** Where the seed's row has no cell at all. */
const ABSENT: Cell = { kind: 'no', text: '' }
const yes = (text: string): Cell => ({ kind: 'yes', text })
const scoped = (text: string): Cell => ({ kind: 'scoped', text })

const ALL: Cells = [Y, Y, Y, Y, Y, Y]
const OWNERS: Cells = [Y, N, Y, N, Y, N]
const ORG_OWNER: Cells = [Y, N, N, N, N, N]
/** Location rows: the org owner anywhere in the org, a location owner where the grant reaches. */
const LOC_OWNERS: Cells = [Y, N, Y, N, N, N]
/** "*For locations/machines they have access to" (Organization settings and roles). */
const OWNERS_SCOPED: Cells = [Y, N, scoped('Yes*'), N, scoped('Yes*'), N]
/** Data rows: "*For data from the location", "**For data from the machine". */
const DATA_SCOPED: Cells = [Y, N, scoped('Yes*'), N, scoped('Yes**'), N]
const ownersScopedAs = (org: Cell, text: string): Cells => [org, N, scoped(text), N, scoped(text), N]

/** Roles may be about an organization, a location or a machine: the target is the role's resource. */
const ROLE_TARGET: readonly ResourceKind[] = ['organization', 'location', 'machine']

const r = (section: Section, label: string, appliesTo: readonly ResourceKind[], cells: Cells): RowSpec => ({
  section,
  label,
  appliesTo,
  cells,
})
const m = (label: string, cells: Cells): RowSpec => r('machines', label, ['machine'], cells)
const loc = (label: string, cells: Cells): RowSpec => r('locations', label, ['location'], cells)
const org = (label: string, cells: Cells, on: readonly ResourceKind[] = ['organization']): RowSpec =>
  r('organization', label, on, cells)
const frag = (label: string, cells: Cells): RowSpec => r('fragments', label, ['fragment'], cells)
const data = (label: string, kind: 'data' | 'package' | 'dataset', cells: Cells): RowSpec =>
  r('data', label, [kind], cells)

// Kept compact, close to the seed's layout, so the table reads like the specification.
// prettier-ignore
const SPECS = {
  // Machines
  'machine.control': m('Control the machine from the CONTROL tab', ALL),
  'machine.seeAllTabs': m('See all tabs (such as CONFIGURE and LOGS)', OWNERS),
  'machine.editName': m('Edit machine name', OWNERS),
  'machine.delete': m('Delete the machine', OWNERS),
  'machine.addPart': m('Add a new part', OWNERS),
  'machine.editPartName': m('Edit part name', OWNERS),
  'machine.restart': m('Restart the machine', OWNERS),
  'machine.editConfig': m('Edit a machine config (including data capture and sync)', OWNERS),

  // Locations
  'location.editInfo': loc('Edit location info (rename, delete location)', [
    Y, N, scoped('Yes for this and any child locations'), N, N, N,
  ]),
  'location.createMachine': loc('Create a new machine', [
    Y, N, scoped('Yes in this and any child locations'), N, N, N,
  ]),
  // Both the moved location and the new parent must be reached (see can.ts).
  'location.move': loc('Move the location (to new parent location)', [
    Y, N, scoped('Yes, to other locations they have access to'), N, N, N,
  ]),
  // Creating a location is about the organization: a location owner cannot, even under their location.
  'location.createInOrg': r('locations', 'Create a new location in the organization', ['organization'],
    ORG_OWNER),
  'location.delete': loc('Delete location', LOC_OWNERS),
  'location.editSupportAccess': loc('Add/remove Viam support team permissions', LOC_OWNERS),
  'location.addShared': loc('Add a shared location', LOC_OWNERS),
  'location.removeShared': loc('Remove a shared location', LOC_OWNERS),
  // The seed's footnote: trying Viam creates a new location in the org, so it is an org question.
  'location.useTryViam': r('locations', 'Use Try Viam from within the org*', ['organization'], ORG_OWNER),

  // Organization settings and roles
  'org.seeBilling': org('See billing page', ORG_OWNER),
  'org.getBillingEmails': org('Get billing-related emails', ORG_OWNER),
  'org.editName': org('Edit org name', ORG_OWNER),
  'org.delete': org('Delete the org', ORG_OWNER),
  'org.leave': org('Leave the org', ALL),
  'org.seeOwnRole': org('See their own role', ALL),
  'org.seeOthersRoles': org(
    "See other peoples' roles",
    [Y, Y, scoped('Yes*'), scoped('Yes*'), scoped('Yes*'), scoped('Yes*')],
    ROLE_TARGET,
  ),
  // The seed's row has only the two org cells; the four missing cells are read as "No", since the
  // members list (emails, join dates) is org-wide data the location and machine roles are not given.
  'org.seeAllMembers': org('See all org members (including email and date joined)', [
    Y, Y, ABSENT, ABSENT, ABSENT, ABSENT,
  ]),
  'org.invite': org('Invite, resend invite, and revoke invite', OWNERS_SCOPED, ROLE_TARGET),
  'org.changeRole': org("Change someone else's role", OWNERS_SCOPED, ROLE_TARGET),
  'org.create': org('Create a new organization', ALL, ['platform']),

  // Fragments (an org operator may not even see them, unlike location and machine owners)
  'fragment.create': frag('Create a new fragment in the org', ORG_OWNER),
  'fragment.seeAndUse': frag('See and use fragments in the org', OWNERS),
  'fragment.edit': frag('Edit and delete fragments', ORG_OWNER),

  // Data and machine learning
  'data.view': data('View data', 'data', DATA_SCOPED),
  'data.seeTags': data('See data tags', 'data',
    ownersScopedAs(Y, 'Only tags applied to data they have access to')),
  'data.edit': data('Edit data (add tags, delete info)', 'data', DATA_SCOPED),
  'data.train': data('Train models', 'data', ownersScopedAs(Y, 'Yes on data they have access to')),
  'package.upload': data('Upload organization models/packages', 'package', OWNERS),
  'package.view': data('View organization models/packages', 'package', OWNERS),
  'package.use': data('Use organization models/packages', 'package', OWNERS),
  'package.delete': data('Delete organization models/packages', 'package', ORG_OWNER),
  'data.export': data('Export data with the CLI or the app', 'data', DATA_SCOPED),
  'dataset.seeNames': data('See dataset names', 'dataset', [
    yes('Can see all names in current org'), N, yes('Can see all names in current org'), N,
    yes('Can see all names in current org'), N,
  ]),
  // Asked per data item (the ref's location and machine); about a whole dataset only the org owner.
  'dataset.open': data(
    'Click into datasets / load them',
    'dataset',
    ownersScopedAs(
      yes('Can click into dataset and see all data in it'),
      'Can see the data in the dataset that they have permission to access',
    ),
  ),
  'dataset.create': data('Create new dataset', 'dataset', OWNERS),
  'dataset.rename': data('Rename dataset', 'dataset', ORG_OWNER),
  'dataset.delete': data('Delete dataset', 'dataset', ORG_OWNER),
  'dataset.addImages': data('Add images to dataset', 'dataset',
    ownersScopedAs(Y, 'Can add images they have permissions on')),
  'dataset.removeImages': data(
    'Remove image from dataset',
    'dataset',
    ownersScopedAs(Y, 'Can remove images in the dataset that they can see'),
  ),
  'dataset.train': data(
    'Train on dataset',
    'dataset',
    ownersScopedAs(Y, 'Trains on the portion of the dataset that they have access to'),
  ),
} satisfies Record<string, RowSpec>

/** Every question `can()` answers; the union of the table's action ids. */
export type Action = keyof typeof SPECS

const toRow = (action: Action, spec: RowSpec): PermissionRow => ({
  action,
  section: spec.section,
  label: spec.label,
  appliesTo: spec.appliesTo,
  cells: Object.fromEntries(COLUMNS.map((c, i) => [c, spec.cells[i]])) as Record<Column, Cell>,
})

/** The whole matrix, in the seed's order (object keys keep insertion order). */
export const PERMISSION_TABLE: readonly PermissionRow[] = (Object.keys(SPECS) as Action[]).map((a) =>
  toRow(a, SPECS[a]),
)

export const ACTIONS: readonly Action[] = PERMISSION_TABLE.map((row) => row.action)

const BY_ACTION = new Map<Action, PermissionRow>(PERMISSION_TABLE.map((row) => [row.action, row]))

export function permissionRow(action: Action): PermissionRow {
  const row = BY_ACTION.get(action)
  // Unreachable for a typed caller; a string from the wire may not be an action at all.
  if (!row) throw new Error(`Unknown action ${String(action)}`)
  return row
}

export function isAction(value: string): value is Action {
  return BY_ACTION.has(value as Action)
}
