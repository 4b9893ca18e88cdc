/** @type {import('next').NextConfig} */
const nextConfig = {
  // The package is used as published (its built files), as an app installing it from npm would.
  reactStrictMode: true,
};

export default nextConfig;
