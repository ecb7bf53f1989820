import { createRouter, createWebHashHistory } from 'vue-router';

/** Hash history: the same build works from file:// in Electron and from the web host. */
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', name: 'home', component: () => import('./pages/HomePage.vue'), meta: { title: 'Today' } },
    { path: '/items', name: 'items', component: () => import('./pages/ItemsPage.vue'), meta: { title: 'Items' } },
    { path: '/items/:id', name: 'item', component: () => import('./pages/ItemPage.vue'), meta: { title: 'Item' } },
    { path: '/import', name: 'import', component: () => import('./pages/ImportPage.vue'), meta: { title: 'Import' } },
    { path: '/models', name: 'models', component: () => import('./pages/ModelsPage.vue'), meta: { title: 'Demand models' } },
    { path: '/train', name: 'train', component: () => import('./pages/TrainPage.vue'), meta: { title: 'Train' } },
    { path: '/plan', name: 'plan', component: () => import('./pages/PlanPage.vue'), meta: { title: 'Plan' } },
    { path: '/outcomes', name: 'outcomes', component: () => import('./pages/OutcomesPage.vue'), meta: { title: 'How past recommendations turned out' } },
    { path: '/backtest', name: 'backtest', component: () => import('./pages/BacktestPage.vue'), meta: { title: 'Backtest' } },
    { path: '/settings', name: 'settings', component: () => import('./pages/SettingsPage.vue'), meta: { title: 'Settings' } },
    { path: '/orders', name: 'orders', component: () => import('./pages/OrdersPage.vue'), meta: { title: 'Purchase orders' } },
  ],
});
