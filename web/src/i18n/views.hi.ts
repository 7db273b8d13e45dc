// Hindi messages of the reusable lab views (charts, heatmaps, maths panel, export); spread into hi.ts.
export const hiViews = {
  'views.empty': 'अभी कोई Data नहीं है',
  'views.heatmap.roledesc': 'रंगीन Heatmap',
  'views.heatmap.none':
    '{title}: अभी कोई Cell नहीं चुना गया। Arrow Keys से Cell चुनें, Enter या Space से Select करें।',
  'views.heatmap.cell': '{title}: Row {row}, Column {col}, मान (Value) {value}',
  'views.bars.row': '{label} में मान: {values}',
  'views.export.label': 'Export करें',
  'views.export.png': 'Chart को PNG में Save करें',
  'views.export.csv': 'History को CSV में Save करें',
  'views.export.json': 'Weights को JSON में Save करें',
  'views.axis.step': 'Training Step (चरण)',
  'views.axis.loss': 'Loss (त्रुटि)',
  'views.axis.accuracy': 'Accuracy (सटीकता)',
  'views.axis.query': 'Query (कौन देख रहा है)',
  'views.axis.key': 'Key (किसे देखा जा रहा है)',
};
