/** File names inside the data directory. Journal segments are `journal-<first seq>.log`. */
export const MAIN_FILE = 'cache.sqlite'
export const LOGS_FILE = 'logs.sqlite'
