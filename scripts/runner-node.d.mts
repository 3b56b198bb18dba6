/** The runner's Node binary (NODE24, else .tmp/node24, installed on first use). */
export function runnerNode(): string;
