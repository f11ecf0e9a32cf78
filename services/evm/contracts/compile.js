// Compiles src/*.sol with the solc pinned in package.json through standard JSON and writes
// the artifacts into the directory given as the first argument (default: artifacts):
//   <Name>.json    abi, creation and runtime bytecode, compiler settings
//   combined.json  solc --combined-json shape, the input of abigen --combined-json
// The output is deterministic: the same sources and compiler give byte-identical files.
'use strict';

const fs = require('fs');
const path = require('path');
const solc = require('solc');

const CONTRACTS = ['HokusaiToken', 'ModelRegistry', 'TokenManager'];
const EVM_VERSION = 'cancun';
const OPTIMIZER_RUNS = 200;

const root = __dirname;
const outDir = path.resolve(process.argv[2] || path.join(root, 'artifacts'));

function readImport(importPath) {
  // Imports resolve against node_modules (OpenZeppelin) or this directory (src/...).
  for (const base of [path.join(root, 'node_modules'), root]) {
    const p = path.join(base, importPath);
    if (fs.existsSync(p)) return { contents: fs.readFileSync(p, 'utf8') };
  }
  return { error: 'not found: ' + importPath };
}

const sources = {};
for (const name of CONTRACTS) {
  const unit = 'src/' + name + '.sol';
  sources[unit] = { content: fs.readFileSync(path.join(root, unit), 'utf8') };
}

const input = {
  language: 'Solidity',
  sources,
  settings: {
    evmVersion: EVM_VERSION,
    optimizer: { enabled: true, runs: OPTIMIZER_RUNS },
    metadata: { bytecodeHash: 'ipfs' },
    outputSelection: Object.fromEntries(
      Object.keys(sources).map((unit) => [
        unit,
        { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] },
      ]),
    ),
  },
};

const output = JSON.parse(solc.compile(JSON.stringify(input), { import: readImport }));
const errors = (output.errors || []).filter((e) => e.severity === 'error');
for (const e of output.errors || []) process.stderr.write(e.formattedMessage + '\n');
if (errors.length > 0) process.exit(1);

fs.mkdirSync(outDir, { recursive: true });
const combined = { contracts: {}, version: solc.version() };
for (const name of CONTRACTS) {
  const unit = 'src/' + name + '.sol';
  const c = output.contracts[unit][name];
  const artifact = {
    contractName: name,
    sourceName: unit,
    compiler: { version: solc.version(), evmVersion: EVM_VERSION, optimizerRuns: OPTIMIZER_RUNS },
    abi: c.abi,
    bytecode: '0x' + c.evm.bytecode.object,
    deployedBytecode: '0x' + c.evm.deployedBytecode.object,
  };
  fs.writeFileSync(path.join(outDir, name + '.json'), JSON.stringify(artifact, null, 2) + '\n');
  combined.contracts[unit + ':' + name] = {
    abi: c.abi,
    bin: c.evm.bytecode.object,
    'bin-runtime': c.evm.deployedBytecode.object,
  };
}
fs.writeFileSync(path.join(outDir, 'combined.json'), JSON.stringify(combined, null, 2) + '\n');
process.stdout.write('compiled ' + CONTRACTS.join(', ') + ' with solc ' + solc.version() + ' into ' + outDir + '\n');
