// The type that keeps English in step with Chinese: same keys, string leaves.
export type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
