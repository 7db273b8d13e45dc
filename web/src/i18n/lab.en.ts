// English messages of the lab shell and the labs; spread into en.ts.
export const enLab = {
};
