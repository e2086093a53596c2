export declare const REPO_ROOT: string;
export declare const DIST_DIR: string;
export declare const BUNDLE_FILE: string;
export declare const MANIFEST_FILE: string;
export declare function bundleIsFresh(): boolean;
