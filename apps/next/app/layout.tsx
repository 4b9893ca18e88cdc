import { StreamingProvider } from '@tokenflow/streaming';
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './styles.css';

export const metadata: Metadata = { title: 'Tokenflow in Next.js' };

/**
 * A server component: it renders the provider, a client component of the package, around every page. The page
 * gives the store its transport and turns `resumeOnReload` on with it, in one call (`app/runtime-transport.ts`):
 * a transport is a function object, which a server component cannot pass as a prop.
 */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <StreamingProvider>{children}</StreamingProvider>
      </body>
    </html>
  );
}
