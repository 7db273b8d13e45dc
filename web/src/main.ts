// Entry of the page bundle.
import '@fontsource/noto-sans-devanagari/devanagari-400.css';
import '@fontsource/noto-sans-devanagari/devanagari-600.css';
import './styles/main.css';
import { startApp } from './app';

startApp(window);
