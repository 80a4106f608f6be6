export default async function globalTeardown(): Promise<void> {
  const containers = (globalThis as { __LIPA_CONTAINERS__?: { stop(): Promise<unknown> }[] }).__LIPA_CONTAINERS__ ?? [];
  await Promise.all(containers.map((container) => container.stop()));
}
