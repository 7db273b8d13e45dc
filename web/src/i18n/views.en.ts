// English messages of the reusable lab views (charts, heatmaps, maths panel, export); spread into en.ts.
export const enViews = {
};
