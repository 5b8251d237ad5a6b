/**
 * The module map, checked by `npm run lint` (and so by `npm test`): the nevers below fail the
 * build with the rule's reason. See README, "Architecture".
 */
const feature = (name) => `^src/${name}/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment:
        'Modules depend one way: a cycle means two parts of the domain should be one, or a page belongs in src/web/. (TypeORM entities name each other in relations, resolved lazily: they are exempt.)',
      from: { path: '^src/', pathNot: '\\.entity\\.ts$' },
      to: { circular: true },
    },
    {
      name: 'library-knows-no-handouts-or-portal',
      severity: 'error',
      comment: 'The block library is used by handouts and knows nothing of them or of the portal.',
      from: { path: feature('library') },
      to: { path: [feature('handouts'), feature('portal')] },
    },
    {
      name: 'images-know-no-library-handouts-or-portal',
      severity: 'error',
      comment:
        'Pictures are used by the library and, through it, by handouts: they know none of them (a block that uses a picture is found with plain SQL).',
      from: { path: feature('images') },
      to: { path: [feature('library'), feature('handouts'), feature('portal')] },
    },
    {
      name: 'rendering-knows-no-features',
      severity: 'error',
      comment:
        'Rendering takes plain view models and owns their types; it knows no handouts, portal or library.',
      from: { path: feature('rendering') },
      to: { path: [feature('handouts'), feature('portal'), feature('library')] },
    },
    {
      name: 'audit-is-a-leaf',
      severity: 'error',
      comment:
        'Every feature writes to the audit trail; the trail depends on no feature (it keeps its own actor type).',
      // Its controller sits at the edge, behind the auth guard's decorators.
      from: { path: feature('audit'), pathNot: '\\.controller\\.ts$' },
      to: {
        path: '^src/',
        pathNot: ['^src/audit/', '^src/common/', '^src/logging/', '^src/database/', '^src/config/'],
      },
    },
    {
      name: 'patients-know-no-handouts',
      severity: 'error',
      comment:
        'Handouts belong to patients, not the other way round; a screen that shows both lives in src/web/.',
      from: { path: feature('patients') },
      to: { path: [feature('handouts'), feature('portal')] },
    },
    {
      name: 'messaging-is-a-leaf',
      severity: 'error',
      comment:
        'Messaging sends what it is given (an address, a subject, a text) and knows no patients, handouts or links: the portal calls it.',
      from: { path: feature('messaging') },
      to: {
        path: [feature('patients'), feature('handouts'), feature('portal'), feature('library')],
      },
    },
    {
      name: 'nothing-depends-on-fhir',
      severity: 'error',
      comment:
        'FHIR is an outer door onto patients and handouts: it reads them, and no feature knows it.',
      from: { path: '^src/', pathNot: ['^src/fhir/', '^src/app\\.module\\.ts$'] },
      to: { path: feature('fhir') },
    },
    {
      name: 'features-never-import-pages',
      severity: 'error',
      comment: 'src/web/ combines features for a screen; no feature depends on a screen.',
      from: {
        path: '^src/',
        pathNot: ['^src/web/', '^src/app\\.module\\.ts$', '^src/app\\.factory\\.ts$'],
      },
      to: { path: '^src/web/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.spec\\.ts$'] },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
