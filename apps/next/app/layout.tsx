import { StreamingProvider } from '@tokenflow/streaming';
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './styles.css';

export const metadata: Metadata = { title: 'Tokenflow in Next.js' };

/** A server component: it renders the provider, a client component of the package, around every page. */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <StreamingProvider bufferSize={10_000}>{children}</StreamingProvider>
      </body>
    </html>
  );
}
