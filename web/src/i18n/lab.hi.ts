// Hindi messages of the lab shell and the labs; spread into hi.ts.
export const hiLab = {
};
