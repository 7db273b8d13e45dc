// English messages of the reusable lab views (charts, heatmaps, maths panel, export); spread into en.ts.
export const enViews = {
  'views.empty': 'No data yet',
  'views.heatmap.roledesc': 'heatmap',
  'views.heatmap.none':
    '{title}: no cell selected yet. Choose a cell with the arrow keys, select it with Enter or Space.',
  'views.heatmap.cell': '{title}: row {row}, column {col}, value {value}',
  'views.bars.row': '{label}: {values}',
  'views.export.label': 'Export',
  'views.export.png': 'Save the chart as PNG',
  'views.export.csv': 'Save the history as CSV',
  'views.export.json': 'Save the weights as JSON',
  'views.axis.step': 'Training step',
  'views.axis.loss': 'Loss',
  'views.axis.accuracy': 'Accuracy',
  'views.axis.query': 'Query (who is looking)',
  'views.axis.key': 'Key (what is looked at)',
};
