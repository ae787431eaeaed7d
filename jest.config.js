/** Unit tests (*.spec.ts beside the code) and end-to-end suites (test/*.e2e-spec.ts). */
const moduleNameMapper = {
  '^@psar/([a-z-]+)$': '<rootDir>/libs/$1/src',
  '^@psar/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };
const webCompilerOptions = {
  module: 'commonjs',
  moduleResolution: 'node10',
  target: 'ES2022',
  jsx: 'react-jsx',
  jsxImportSource: 'preact',
  esModuleInterop: true,
  resolveJsonModule: true,
  isolatedModules: true,
  strict: true,
};

module.exports = {
  testTimeout: 30000,
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  projects: [
    {
      displayName: 'unit',
      rootDir: __dirname,
      testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/api/**/*.spec.ts'],
      testEnvironment: 'node',
      transform,
      moduleNameMapper,
    },
    {
      // The web app's pure logic. Preact 11 ships only ES modules, which jest's loader
      // cannot require: babel turns them into CommonJS here.
      displayName: 'web',
      rootDir: __dirname,
      testMatch: ['<rootDir>/apps/web/src/**/*.spec.ts'],
      testEnvironment: 'node',
      transform: {
        '^.+\\.tsx?$': ['ts-jest', { tsconfig: { ...webCompilerOptions } }],
        '^.+\\.m?js$': ['babel-jest', { plugins: ['@babel/plugin-transform-modules-commonjs'] }],
      },
      transformIgnorePatterns: ['/node_modules/(?!(preact|@preact)/)'],
      moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'json'],
    },
    {
      displayName: 'e2e',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      testEnvironment: 'node',
      transform,
      moduleNameMapper,
    },
  ],
};
