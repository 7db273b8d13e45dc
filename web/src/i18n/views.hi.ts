// Hindi messages of the reusable lab views (charts, heatmaps, maths panel, export); spread into hi.ts.
export const hiViews = {
};
