// Registers the commands beyond `synth`, each in its own module.
import './compat.js';
import './bench.js';
import './diff.js';
import './validate.js';
import '../terraform/check-command.js';
